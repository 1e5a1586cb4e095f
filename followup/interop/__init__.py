"""Interoperability: import from the UN's Universal Human Rights Index and from
spreadsheets, export for analysts (CSV, JSON, Parquet datasets, SQLite, XLSX), and the
JSON Schema of registry files. This layer sits beside ``registry``: it reads and writes
registries through it.
"""
