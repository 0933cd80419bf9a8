"""The retry policy every Celery task of the project builds on (ingest's, search's index and alert tasks).

A task is acknowledged once it has run (``acks_late``) and stays queued when its worker dies
(``reject_on_worker_lost``); the errors a subclass lists in ``autoretry_for`` are waited out with
exponential backoff and jitter. Each app's base class names the outages it waits out.

Kept on worker loss, a task whose input kills its worker comes back each time the worker does: for
ingest, the records bound that (a file fails for good after INGEST_MAX_ATTEMPTS attempts, counted
before it is read: ingest.records.claim_records), and no task runs past its time limits
(CELERY_TASK_SOFT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT).
"""

from __future__ import annotations

from celery import Task


class RetryingTask(Task):
    acks_late = True
    reject_on_worker_lost = True
    retry_backoff = 2
    retry_backoff_max = 60
    retry_jitter = True
