"""Readers and extractors: pure functions from files to the document model to records."""
import os

# One thread per process for Tesseract (OpenMP) and numpy's BLAS: parallelism comes from processes over
# pages and documents, and on 2 cores threads inside each process only fight (a scanned page 6.5 s ->
# 1.5 s, identical text). Set here, before either loads, so every process that reads or extracts (the
# CLI, the watcher, reader and Dask workers, which inherit the environment) gets it; an explicit
# setting wins.
for _var in ("OMP_THREAD_LIMIT", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
