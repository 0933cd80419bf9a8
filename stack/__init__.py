"""The local stack: services for development and tests, started and stopped by pid.

Run ``python -m stack --help``. Plain Python: no Django import, so it works
before the virtualenv has Django (it only needs the standard library).
"""
