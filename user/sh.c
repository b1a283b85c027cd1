// sh: the shell. Reads a line, parses it into a tree, runs it.
//   line     := list
//   list     := pipeline { (';' | '&') [pipeline] }
//   pipeline := command { '|' command }
//   command  := ( '(' list ')' | word { word } ) with '<' file and '>' file anywhere after
// "cd dir" is built in. Words may be quoted with "..." to keep spaces.
#include "kernel/types.h"
#include "kernel/fcntl.h"
#include "kernel/param.h"
#include "user/user.h"

#define MAXWORDS  32 // words in one simple command
#define MAXREDIRS 4  // redirections on one command
#define MAXNODES  64 // nodes in one line's tree
#define LINESIZE  512

enum kind { CMD_EXEC, CMD_GROUP, CMD_PIPE, CMD_SEQ, CMD_BACK };

struct redir {
  int fd; // 0 for '<', 1 for '>'
  char *file;
};

struct node {
  enum kind kind;
  char *argv[MAXWORDS + 1];       // CMD_EXEC
  struct redir redirs[MAXREDIRS]; // CMD_EXEC and CMD_GROUP
  int nredirs;
  struct node *left, *right; // CMD_PIPE, CMD_SEQ (right may be 0), CMD_GROUP and CMD_BACK use left
};

// Per-line storage: the tree's nodes and the words' text.
static struct node nodes[MAXNODES];
static int nnodes;
static char words[LINESIZE * 2];
static int words_used;

static const char *cursor; // parse position in the current line
static int parse_failed;

static void fail(const char *msg) {
  if (!parse_failed)
    fprintf(2, "sh: %s\n", msg);
  parse_failed = 1;
}

static struct node *new_node(enum kind kind) {
  if (nnodes == MAXNODES) {
    fail("command too complex");
    return 0;
  }
  struct node *n = &nodes[nnodes++];
  memset(n, 0, sizeof(*n));
  n->kind = kind;
  return n;
}

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v';
}
static int is_symbol(char c) {
  return c != 0 && strchr("<>|&;()", c) != 0;
}

// The next token's first character without consuming it: 0 at end of line,
// a symbol, or 'w' for a word.
static char peek(void) {
  while (is_blank(*cursor))
    cursor++;
  if (*cursor == '\0')
    return 0;
  return is_symbol(*cursor) ? *cursor : 'w';
}

// Consumes a word and returns a copy of it (quotes removed), or 0.
static char *take_word(void) {
  if (peek() != 'w') {
    fail("syntax error: expected a word");
    return 0;
  }
  char *start = words + words_used;
  int quoted = 0;
  while (*cursor && (quoted || (!is_blank(*cursor) && !is_symbol(*cursor)))) {
    if (*cursor == '"')
      quoted = !quoted;
    else
      words[words_used++] = *cursor;
    cursor++;
  }
  if (quoted)
    fail("syntax error: unmatched \"");
  words[words_used++] = '\0';
  return start;
}

static struct node *parse_list(void);

// Reads any number of '<' file and '>' file into n.
static void parse_redirs(struct node *n) {
  char c;
  while ((c = peek()) == '<' || c == '>') {
    cursor++;
    char *file = take_word();
    if (file == 0)
      return;
    if (n->nredirs == MAXREDIRS) {
      fail("too many redirections");
      return;
    }
    n->redirs[n->nredirs].fd = c == '<' ? 0 : 1;
    n->redirs[n->nredirs].file = file;
    n->nredirs++;
  }
}

static struct node *parse_command(void) {
  if (peek() == '(') {
    cursor++;
    struct node *n = new_node(CMD_GROUP);
    if (n == 0)
      return 0;
    n->left = parse_list();
    if (peek() != ')') {
      fail("syntax error: missing )");
      return 0;
    }
    cursor++;
    parse_redirs(n);
    return n;
  }
  struct node *n = new_node(CMD_EXEC);
  if (n == 0)
    return 0;
  int argc = 0;
  for (;;) {
    parse_redirs(n);
    if (parse_failed || peek() != 'w')
      break;
    if (argc == MAXWORDS) {
      fail("too many arguments");
      return 0;
    }
    n->argv[argc++] = take_word();
  }
  if (argc == 0)
    fail("syntax error: missing command");
  return n;
}

static struct node *parse_pipeline(void) {
  struct node *left = parse_command();
  if (parse_failed || peek() != '|')
    return left;
  cursor++;
  struct node *n = new_node(CMD_PIPE);
  if (n == 0)
    return 0;
  n->left = left;
  n->right = parse_pipeline();
  return n;
}

static struct node *parse_list(void) {
  struct node *left = parse_pipeline();
  while (!parse_failed) {
    char c = peek();
    if (c != ';' && c != '&')
      break;
    cursor++;
    if (c == '&') {
      struct node *back = new_node(CMD_BACK);
      if (back == 0)
        return 0;
      back->left = left;
      left = back;
    }
    c = peek();
    struct node *seq = new_node(CMD_SEQ);
    if (seq == 0)
      return 0;
    seq->left = left;
    seq->right = (c == 0 || c == ')') ? 0 : parse_pipeline();
    left = seq;
  }
  return left;
}

static struct node *parse_line(const char *line) {
  nnodes = 0;
  words_used = 0;
  parse_failed = 0;
  cursor = line;
  if (peek() == 0)
    return 0;
  struct node *tree = parse_list();
  if (!parse_failed && peek() != 0)
    fail("syntax error");
  return parse_failed ? 0 : tree;
}

static int fork_or_die(void) {
  int pid = fork();
  if (pid < 0) {
    fprintf(2, "sh: fork failed\n");
    exit(1);
  }
  return pid;
}

static void apply_redirs(struct node *n) {
  for (int i = 0; i < n->nredirs; i++) {
    struct redir *r = &n->redirs[i];
    close(r->fd);
    int mode = r->fd == 0 ? O_RDONLY : O_WRONLY | O_CREATE | O_TRUNC;
    if (open(r->file, mode) != r->fd) {
      fprintf(2, "sh: cannot open %s\n", r->file);
      exit(1);
    }
  }
}

static void run_here(struct node *n) __attribute__((noreturn));
static void run_tree(struct node *n);

// Runs n in the current process, which is a child of the shell; never returns.
static void run_here(struct node *n) {
  switch (n->kind) {
  case CMD_EXEC: {
    apply_redirs(n);
    exec(n->argv[0], n->argv);
    if (strchr(n->argv[0], '/') == 0 && strlen(n->argv[0]) < MAXPATH - 1) {
      char path[MAXPATH] = "/"; // programs live in the root directory
      strcpy(path + 1, n->argv[0]);
      exec(path, n->argv);
    }
    fprintf(2, "sh: exec %s failed\n", n->argv[0]);
    exit(1);
  }
  case CMD_GROUP:
    apply_redirs(n);
    run_tree(n->left);
    exit(0);
  case CMD_PIPE: {
    int p[2];
    if (pipe(p) < 0) {
      fprintf(2, "sh: pipe failed\n");
      exit(1);
    }
    if (fork_or_die() == 0) {
      close(1);
      dup(p[1]);
      close(p[0]);
      close(p[1]);
      run_here(n->left);
    }
    if (fork_or_die() == 0) {
      close(0);
      dup(p[0]);
      close(p[0]);
      close(p[1]);
      run_here(n->right);
    }
    close(p[0]);
    close(p[1]);
    wait(0);
    wait(0);
    exit(0);
  }
  default: run_tree(n); exit(0);
  }
}

// Runs n from the shell itself: lists and cd are handled here, everything
// else in a child.
static void run_tree(struct node *n) {
  if (n == 0)
    return;
  switch (n->kind) {
  case CMD_SEQ:
    run_tree(n->left);
    run_tree(n->right);
    return;
  case CMD_BACK:
    // The grandchild runs the command; the child exits at once, so the
    // shell does not wait and init inherits and reaps the command.
    if (fork_or_die() == 0) {
      if (fork_or_die() == 0)
        run_here(n->left);
      exit(0);
    }
    wait(0);
    return;
  case CMD_EXEC:
    if (strcmp(n->argv[0], "cd") == 0) {
      const char *dir = n->argv[1] ? n->argv[1] : "/";
      if (n->argv[1] && n->argv[2])
        fprintf(2, "cd: too many arguments\n");
      else if (chdir(dir) < 0)
        fprintf(2, "cd: cannot cd %s\n", dir);
      return;
    }
    // fall through
  default:
    if (fork_or_die() == 0)
      run_here(n);
    wait(0);
  }
}

// Reads one line from fd into buf. Returns its length, or -1 at end of input.
static int read_line(int fd, char *buf, int max) {
  int n = 0;
  while (n + 1 < max) {
    char c;
    if (read(fd, &c, 1) != 1) {
      if (n == 0)
        return -1;
      break;
    }
    if (c == '\n')
      break;
    buf[n++] = c;
  }
  buf[n] = '\0';
  return n;
}

int main(int argc, char *argv[]) {
  int in = 0;
  if (argc > 2) {
    fprintf(2, "usage: sh [script]\n");
    exit(1);
  }
  if (argc == 2 && (in = open(argv[1], O_RDONLY)) < 0) {
    fprintf(2, "sh: cannot open %s\n", argv[1]);
    exit(1);
  }
  // Keep fds 0-2 open, so that files the shell opens never take their place.
  int fd;
  while ((fd = open("console", O_RDWR)) >= 0) {
    if (fd >= 3) {
      close(fd);
      break;
    }
  }

  static char line[LINESIZE];
  for (;;) {
    if (in == 0)
      fprintf(2, "$ ");
    if (read_line(in, line, sizeof(line)) < 0)
      break;
    run_tree(parse_line(line));
  }
  exit(0);
}
