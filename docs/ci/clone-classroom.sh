#!/usr/bin/env bash
# Clones every repository of a GitHub organisation whose name starts with PREFIX into
# DEST/<learner>, one folder per learner (<learner> is the repository name without PREFIX, as
# GitHub Classroom names them: PREFIX-<github-username>). Needs the GitHub CLI (gh) with a token
# that can read the organisation's private repositories in GH_TOKEN.
#
#   ci/clone-classroom.sh my-course-org lab3-echo submissions
set -euo pipefail

if [ "$#" -ne 3 ]; then
  echo "usage: $0 ORG PREFIX DEST" >&2
  exit 2
fi
org=$1
prefix=$2
dest=$3

mkdir -p "$dest"
# One page per 100 repositories; --paginate follows them all.
names=$(gh api --paginate "/orgs/${org}/repos?per_page=100&type=all" --jq ".[] | select(.name | startswith(\"${prefix}\")) | .name")
if [ -z "$names" ]; then
  echo "no repository of ${org} starts with ${prefix}" >&2
  exit 1
fi
count=0
for name in $names; do
  learner=${name#"$prefix"}
  learner=${learner#-}
  [ -n "$learner" ] || learner=$name
  if [ -d "${dest}/${learner}" ]; then
    continue # cloned by an earlier run
  fi
  gh repo clone "${org}/${name}" "${dest}/${learner}" -- --depth 1 --quiet
  rm -rf "${dest}/${learner}/.git"
  count=$((count + 1))
done
echo "cloned ${count} repositories of ${org} starting with ${prefix} into ${dest}"
