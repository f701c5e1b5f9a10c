"""The course in the browser: lesson pages built from the notebooks' own execution, exercises
checked in a warm kernel, served on loopback by ``realdata site`` (see ``server.py``)."""
