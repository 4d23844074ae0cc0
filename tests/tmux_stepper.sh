#!/bin/sh
# tmux_stepper.sh — drives `coolio-trace step` in a real terminal, as a student would:
# tmux gives it a TTY, send-keys types, capture-pane reads the screen. It checks the
# prompt, colour, n / Enter / goto / back / info, and that q and Ctrl-D leave with 0.
#
#   sh tests/tmux_stepper.sh build-step/bin/coolio-trace
#
# Exit 77 (ctest: skipped) when tmux is not installed.
set -u
bin=$1
if ! command -v tmux >/dev/null 2>&1; then
    echo "SKIP: tmux is not installed, so the stepper cannot be tested in a terminal"
    exit 77
fi

socket="coolio-stepper-test-$$"   # a private tmux server, so no user session is touched
t() { tmux -L "$socket" -f /dev/null "$@"; }
trap 't kill-server 2>/dev/null' EXIT

screen() { t capture-pane -p -t "$1"; }
fail() {
    echo "FAIL: $2"
    echo "--- what the terminal shows ---"
    screen "$1"
    exit 1
}
# Waits (up to 10 s) until the screen of session $1 shows the text $2.
wait_for() {
    i=0
    until screen "$1" | grep -qF -- "$2"; do
        i=$((i + 1))
        [ "$i" -gt 100 ] && fail "$1" "the screen never showed: $2"
        sleep 0.1
    done
}
# Starts `coolio-trace step sleep_wait` in session $1; the pane stays to show the exit code.
start() {
    t new-session -d -s "$1" -x 140 -y 50 "env -u NO_COLOR $bin step sleep_wait; echo EXIT=\$?; sleep 60"
    wait_for "$1" "(coolio)"
}

start walk
t capture-pane -p -e -t walk | grep -q "$(printf '\033')\[" || fail walk "no colour although stdout is a terminal"

t send-keys -t walk n Enter
wait_for walk "task.new        Task-1 for wait()"
wait_for walk "changed  Task-1: new task running wait(), pending"

t send-keys -t walk "goto tick 3" Enter
wait_for walk "46  tick 3   t=0.0   tick.begin"
t send-keys -t walk Enter   # an empty line steps on
wait_for walk "47  tick 3   t=1.0   select"
t send-keys -t walk Enter
wait_for walk "48  tick 3   t=1.0   timer.due"
wait_for walk "timers: -futures._set_result_unless_cancelled(Future-6)"

t send-keys -t walk info Enter
wait_for walk "State after event 48 (tick 3, t=1.0)"
t send-keys -t walk b Enter
wait_for walk "changed  time: 0.0 → 1.0"   # back at 47: the select that let the time pass

t send-keys -t walk q Enter
wait_for walk "EXIT=0"

start eof
t send-keys -t eof C-d
wait_for eof "EXIT=0"

echo "PASS: the stepper works in a terminal (prompt, colour, n, Enter, goto, info, b, q, Ctrl-D)"
