#!/bin/sh
# Answers every input twice.
read -r inputs
read -r outputs
while read -r line; do
  [ -n "$line" ] && echo 0 && echo 0
done
