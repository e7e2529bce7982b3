#!/usr/bin/env python3
"""Reads everything and never answers, not even init."""
import sys

for _ in sys.stdin:
    pass
