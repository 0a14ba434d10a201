"""The golden corpus (see cases.py and answers.py)."""
