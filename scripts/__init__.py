"""The fact-base pipeline: load -> validate -> link -> render -> export, plus the commands that run it."""
