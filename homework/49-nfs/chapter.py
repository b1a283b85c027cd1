"""Chapter 49 homework: analysing a file-server trace."""
from grading.homework import Chapter

ch = Chapter("49", "nfs", "Sun's Network File System (NFS)", kind="code", intro="""
Analyse a trace of NFS requests (one line per request: time, client, server, operation, file
handle, offset and count). Your instructor hands out the trace; write the analysis as a small
program (a python script or a C program on the host).
""")
ch.question("""
How long is the trace, how many requests does it hold, and what share of them are reads,
writes, lookups and getattrs?
""")
ch.question("""
For each file, compute how much is read and written, and whether it is read sequentially. What
fraction of the files are read whole?
""")
ch.question("""
Which clients talk to which servers, and how busy is the busiest pair? Given the getattr
requests, how often do clients check that their caches are still valid?
""")
