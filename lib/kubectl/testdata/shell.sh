# shell features learners use in the exam
echo "hello $USER" 'single $USER' # trailing comment
alias k
export ETCDCTL_API=3; echo $ETCDCTL_API
false && echo not-printed || echo fallback
cat <<EOF > notes.txt
first line
second $HOME
EOF
cat <<'EOF' >> notes.txt
literal $HOME
EOF
cat notes.txt
grep -c line notes.txt
grep -i SECOND notes.txt | wc -l
cat notes.txt | head -n 1; tail -1 notes.txt
ls
echo -n s3cr3t | base64
echo czNjcjN0 | base64 -d; echo
echo b a c | tr ' ' '\n' | sort
echo "a 1
b 2" | awk '{print $2}'
printf-missing
cat missing.txt
echo 'unterminated
