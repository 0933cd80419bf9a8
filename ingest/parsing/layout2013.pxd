# C types for the compiled build of layout2013.py (Cython augmenting declarations; the .py runs as is without them).
cimport cython


@cython.locals(line=str, first=str, key=str, request=str, decision=str)
cpdef dict _items(list[str] lines, out)
