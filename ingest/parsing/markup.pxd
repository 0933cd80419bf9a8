# C types for the compiled build of markup.py (Cython augmenting declarations; the .py runs as is without them).
cimport cython


@cython.locals(at=Py_ssize_t, parts=list, pos=Py_ssize_t, size=Py_ssize_t, end=Py_ssize_t)
cpdef str _collapse_spaces(str text)
