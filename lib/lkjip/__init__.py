"""The LKjIP fit to submit (issue #14): one analysis per sasaran (``analyses``),
the APIP reviu (``reviu``), the predicate label sets and the LKjIP settings
(``labels``), and the readiness check of what a reviu would still reject
(``readiness``). The report's computed sentences are ``sentences``.
"""
