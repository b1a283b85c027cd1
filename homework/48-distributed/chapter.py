"""Chapter 48 homework: messaging over an unreliable channel."""
from grading.homework import Chapter

WAITS = "networking in our kernel; until then, write these programs on any Unix machine"
ch = Chapter("48", "distributed", "Distributed Systems", kind="code", intro="""
Our kernel has no network. These questions ask for small UDP programs; write them on a Unix
machine for now (the folder keeps them), or simulate the channel with two pipes and a process
in the middle that drops and delays messages.
""")
ch.question("""
Write a client and a server that exchange messages over UDP. Add timeouts and retries to the
client so that it survives lost messages, and measure how retries grow with the loss rate.
""", waits=WAITS)
ch.question("""
Make the communication exactly-once: number every message, keep a table of what the server
already did, and answer a duplicate with the saved reply.
""", waits=WAITS)
