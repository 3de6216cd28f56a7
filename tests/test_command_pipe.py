"""The `baocao` command read by a program that stops early (`baocao document list | head`):
it ends quietly, without a Python traceback."""

import subprocess
import sys


def test_a_closed_pipe_ends_the_command_quietly():
    process = subprocess.Popen([sys.executable, "-m", "baocao", "help", "--commands"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # the reader is gone before the command writes a line
    _out, err = process.communicate(timeout=60)
    assert b"Traceback" not in err and b"BrokenPipeError" not in err
    assert process.returncode == 1
