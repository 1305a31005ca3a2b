#!/bin/sh
# Echoes the protocol header to standard error, then answers "wait" to everything (models/showcase.json).
read -r inputs
read -r classes
echo "$inputs" >&2
echo "$classes" >&2
while read -r line; do
  [ -n "$line" ] && echo wait
done
exit 0
