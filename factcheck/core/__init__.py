"""The domain: documents, tags, spans, anchoring, agreement.

No SQL and no Qt; the only I/O is reading an article file.
"""
