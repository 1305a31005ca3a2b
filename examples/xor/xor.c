/* Handwritten XOR for `bnnverify equiv models/xor.json --reference exec:...` (protocol: docs/equivalence.md).
 * Reads the header to find which column holds x0 and which x1, then answers each input line with y = x0 xor x1.
 * Standard output is fully buffered; it is flushed at the empty line that ends each batch. */
#include <stdio.h>
#include <string.h>

static int column_of(const char *header, const char *name)
{
    char copy[4096];
    strncpy(copy, header, sizeof copy - 1);
    copy[sizeof copy - 1] = '\0';
    int column = -1;
    for (char *word = strtok(copy, " \n"); word != NULL; word = strtok(NULL, " \n"), column++)
        if (column >= 0 && strcmp(word, name) == 0)
            return column;
    return -1;
}

int main(void)
{
    char line[4096];
    if (fgets(line, sizeof line, stdin) == NULL)
        return 1;
    int x0 = column_of(line, "x0"), x1 = column_of(line, "x1");
    if (x0 < 0 || x1 < 0) {
        fprintf(stderr, "xor: the inputs must include x0 and x1\n");
        return 2;
    }
    if (fgets(line, sizeof line, stdin) == NULL) /* "bits y" */
        return 1;
    while (fgets(line, sizeof line, stdin) != NULL) {
        if (line[0] == '\n') {
            fflush(stdout);
            continue;
        }
        putchar(((line[x0] == '1') != (line[x1] == '1')) ? '1' : '0');
        putchar('\n');
    }
    return 0;
}
