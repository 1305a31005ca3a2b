#!/bin/sh
# Answers something that is not an output.
read -r inputs
read -r outputs
while read -r line; do
  [ -n "$line" ] && echo "maybe"
done
