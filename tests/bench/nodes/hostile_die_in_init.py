#!/usr/bin/env python3
"""Reads its init and dies without answering: the bench must name it and show its stderr."""
import sys

sys.stdin.readline()
sys.stderr.write("dying during init on purpose\n")
sys.exit(4)
