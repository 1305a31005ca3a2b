#!/bin/sh
# A correct XOR reference for models/xor.json through the equiv line protocol (docs/equivalence.md).
read -r inputs
read -r outputs
while read -r line; do
  case "$line" in
    "") ;;
    01|10) echo 1 ;;
    *) echo 0 ;;
  esac
done
