# C types for the compiled build of lines.py (Cython augmenting declarations; the .py runs as is without them).
cimport cython


@cython.locals(end=str, tail=str)
cpdef bint ends_with_decision(str line)

@cython.locals(end=str)
cpdef tuple decision_at_end(str line)

@cython.locals(
    lines=list,
    out=list,
    at=Py_ssize_t,
    done=Py_ssize_t,
    last=Py_ssize_t,
    index=Py_ssize_t,
    counted=Py_ssize_t,
    first=Py_ssize_t,
    end=Py_ssize_t,
)
cpdef list _split_pages(str raw)

@cython.locals(
    raw_lines=list,
    texts=list,
    out=list,
    cur=list,
    cur_heading=bint,
    prev=str,
    prev_index=Py_ssize_t,
    blanks=Py_ssize_t,
    blank_threshold=Py_ssize_t,
    short_limit=Py_ssize_t,
    line_count=Py_ssize_t,
    index=Py_ssize_t,
    text=str,
    first=Py_UCS4,
    last=Py_UCS4,
    end=Py_UCS4,
    size=Py_ssize_t,
    decision_only=bint,
    heading=bint,
    new=bint,
    labels_by_first=dict,
)
cpdef tuple logical_lines(str raw)


@cython.locals(
    pages=list,
    edges=list,
    start=Py_ssize_t,
    size=Py_ssize_t,
    end=Py_ssize_t,
    head0=Py_ssize_t,
    head1=Py_ssize_t,
    index=Py_ssize_t,
    slot=Py_ssize_t,
)
cpdef list _page_edges(list[str] texts)

@cython.locals(
    lengths=list,
    blanks=Py_ssize_t,
    count=Py_ssize_t,
    width=Py_ssize_t,
    double_spaced=bint,
    short_limit=Py_ssize_t,
    long_lines=Py_ssize_t,
)
cpdef tuple _layout(list[str] texts)

@cython.locals(pages=list, entries=list, counts=dict, edges=list, i=Py_ssize_t, slot=Py_ssize_t, text=str, threshold=Py_ssize_t, furniture=bint)
cpdef _drop_page_furniture(list[str] texts)


@cython.locals(first=str)
cpdef bint is_label(str line)

cpdef bint is_heading(str line)

cpdef bint _is_decision_only(str line)

@cython.locals(last=str)
cpdef bint _ends_sentence(str line)

cpdef bint _intro_end(str tail)

cpdef bint _protected(str text)

cpdef bint _known_heading(list[str] parts)

@cython.locals(tail=str)
cpdef bint _footer(str text)

cpdef bytes _key(str text)

@cython.locals(first=str)
cpdef bint _page_number(str text)

@cython.locals(last=str, end=str, before=str)
cpdef _glue(list[str] parts, str nxt)

@cython.locals(trailing=Py_ssize_t, line=str)
cpdef Py_ssize_t _trailing_spaces(list[str] raw_lines)
