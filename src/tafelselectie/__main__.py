from tafelselectie.cli.app import entry

entry()
