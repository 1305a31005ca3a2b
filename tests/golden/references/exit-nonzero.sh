#!/bin/sh
# Answers every input correctly for models/xor.json, then exits with code 2.
read -r inputs
read -r outputs
while read -r line; do
  case "$line" in
    "") ;;
    01|10) echo 1 ;;
    *) echo 0 ;;
  esac
done
exit 2
