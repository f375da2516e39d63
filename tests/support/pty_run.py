#!/usr/bin/python3
"""Runs a command on a pseudo-terminal, as a user at a terminal would, and prints what it wrote.

    pty_run.py [--interrupt-on TEXT] -- COMMAND ARGS...

With --interrupt-on, sends SIGINT (Ctrl-C) once TEXT has appeared in the output. The last line
printed is "status: exit N" or "status: signal N".
"""
import os
import pty
import signal
import sys


def main():
    args = sys.argv[1:]
    trigger = None
    if args and args[0] == "--interrupt-on":
        trigger = args[1].encode()
        args = args[2:]
    if args and args[0] == "--":
        args = args[1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(args[0], args)
    output = b""
    interrupted = False
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if trigger and not interrupted and trigger in output:
            os.kill(pid, signal.SIGINT)
            interrupted = True
    _, status = os.waitpid(pid, 0)
    sys.stdout.write(output.decode("utf-8", "replace"))
    if os.WIFSIGNALED(status):
        print("\nstatus: signal %d" % os.WTERMSIG(status))
    else:
        print("\nstatus: exit %d" % os.WEXITSTATUS(status))


if __name__ == "__main__":
    main()
