# Python 3.12 (PEP 701) lets an f-string reuse its own quote character inside the braces.
# Older interpreters stop at the second double quote and report a SyntaxError before running anything.
import sys

parts = ["bracket", "flange", "shaft"]
print(f"Python {sys.version.split()[0]} lists: {", ".join(parts)}")
