# kind: harm
# what: kills its parent process (the worker or wrapper that runs its kernel) with SIGKILL, every time it is run
# expect-total: 0.00
# expect-max-seconds: 180
# cell 1.1
import os
import signal
import time

_parent = os.getppid()
if _parent > 1:
    os.kill(_parent, signal.SIGKILL)
time.sleep(3)
