# C types for the compiled build of treatments.py (Cython augmenting declarations; the .py runs as is without them).
cimport cython


@cython.locals(head=str, words=str, kind=str)
cpdef str _kind(str line)

@cython.locals(start=Py_ssize_t, decision=str)
cpdef tuple split_statement(str statement)

@cython.locals(index=Py_ssize_t, kind=str, after_rationale=bint)
cpdef _split_merged(list[str] lines, list[str] kinds)

@cython.locals(
    kinds=list,
    count=Py_ssize_t,
    index=Py_ssize_t,
    kind=str,
    line=str,
    statement=str,
    prev=str,
    blocks=list,
)
cpdef list _blocks(list[str] lines)
