"""The fact base's code: one pipeline, load -> validate -> link -> render -> export -> write.

Commands (each `python -m scripts.<name>`: parse arguments, run the pipeline, print, pick the exit code):
    check  generate  build  diff  new  bench/  mkdocs_hooks (for `make serve`)
The composition, and what every stage shares:
    pipeline.py   the one composition of the stages, used by every command and test
    model.py      Record, RecordType, StatementRef, field patterns, names, dates
    addresses.py  where every generated file lives and its public URL
    problems.py   Problem, the value every check yields, and its codes
    cli.py        argument parsing without tracebacks; problems as text, GitHub annotations, JSON
The stages, in the order data flows (each imports only from the ones before it):
    load/         files, strict YAML, schemas and the record types they declare, git (the fact files'
                  history, and each commit's changed records: revisions.py), site settings
    validate/     schema, record, link and quote checks
    link/         the Index of valid records; the comparison of two fact bases; the history of the
                  facts (each commit compared with the one before it, record by record)
    render/       every page as Markdown; escaping for every output format (render/escape.py)
    export/       one module per data format: JSON, CSV, SQLite, Atom, iCalendar
    write.py      the only code that writes files (staging, swap, schemas, the history's cache)
    search/       Pagefind run over the built site (build and serve), its bundle made reproducible
"""
