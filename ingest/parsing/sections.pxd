# C types for the compiled build of sections.py (Cython augmenting declarations; the .py runs as is without them).
cimport cython


@cython.locals(found=list, seen=set, index=Py_ssize_t, line=str, head=str, heading=tuple, candidates=tuple)
cpdef dict find_sections(list[str] lines)
