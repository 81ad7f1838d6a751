"""Scenario builders shared by the demo council (`demo/`) and the tests: a question asked,
accepted, answered and approved through the same domain verbs the pages use, dated as it
would have happened. The portal never imports this package, and it imports neither the
demo nor the tests (import-linter checks both in `make lint`)."""
