from tafelselectie.cli import entry

entry()
