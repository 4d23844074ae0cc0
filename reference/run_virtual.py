"""Run a Python asyncio program on CPython's loop with a virtual clock (see virtual_loop).

Usage: python3 run_virtual.py PROGRAM.py   (the program calls asyncio.new_event_loop())
"""
import asyncio
import os
import runpy
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from virtual_loop import VirtualClockLoop  # noqa: E402


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: run_virtual.py PROGRAM.py")
    asyncio.new_event_loop = VirtualClockLoop
    runpy.run_path(sys.argv[1], run_name="__main__")


if __name__ == "__main__":
    main()
