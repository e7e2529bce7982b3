#!/usr/bin/env python3
"""Says why on stderr and exits before reading anything: the bench must name the node and
show its stderr instead of failing on an empty output."""
import sys

sys.stderr.write("refusing to start on purpose\n")
sys.exit(1)
