"""The rules, independent of HTTP, one folder per area (docs/architecture.md).

`states`, `lifecycle` and `permissions` are shared by every area and import none of them.
"""
