from journeymap.cli import run

run()
