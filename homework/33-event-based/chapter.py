"""Chapter 33 homework: event-based servers (waits for select and asynchronous I/O)."""
from grading.homework import Chapter

WAITS = "an event interface in our kernel (`select` or `poll` on pipes); until then these wait"
ch = Chapter("33", "event-based", "Event-based Concurrency (Advanced)", kind="code", intro="""
Build an event loop in this folder (`make qemu HW=33`) that serves several pipes at once
without threads.
""")
ch.question("""
Write a server that waits on several pipes with `select` and answers each request. Measure
how many requests per second it handles as clients are added.
""", waits=WAITS)
ch.question("""
Make one request slow (it reads a large file). What happens to every other client, and how
would asynchronous I/O fix it?
""", waits=WAITS)
