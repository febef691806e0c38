"""Reference for lessons/trask-11-original.lesson: the same 11 lines as
trask-11.py (the network is written out there), seeded with 1 as Trask's
post is."""
import importlib.util
import os

spec = importlib.util.spec_from_file_location(
    "trask11", os.path.join(os.path.dirname(os.path.abspath(__file__)), "trask-11.py"))
trask11 = importlib.util.module_from_spec(spec)
spec.loader.exec_module(trask11)

if __name__ == "__main__":
    trask11.main(lesson="trask-11-original", seed=1)
