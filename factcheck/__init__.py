import os

# One BLAS thread per process, set before numpy loads. The models multiply small matrices, where OpenBLAS's extra
# threads gain little and spin-wait for cores that the other web and worker processes hold: on a busy two-core
# host a sentence embedding took three times the CPU with two threads. An operator's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# Load the Celery app whenever Django starts so that @shared_task binds to it.
from .celery import app as celery_app

__all__ = ("celery_app",)
