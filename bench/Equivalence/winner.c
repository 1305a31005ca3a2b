/* The tic-tac-toe winner check as an equiv reference program, for the protocol throughput benchmark
 * (bench/Equivalence/run.sh): reads the header, maps a0..a8 and h0..h8 by name, answers each input line
 * with player_line and opponent_line, flushes at the empty line that ends each batch. */
#include <stdio.h>
#include <string.h>

static const int lines[8][3] = {{0, 1, 2}, {3, 4, 5}, {6, 7, 8}, {0, 3, 6}, {1, 4, 7}, {2, 5, 8}, {0, 4, 8}, {2, 4, 6}};

static int has_line(const char *input, const int *cells)
{
    for (int l = 0; l < 8; l++)
        if (input[cells[lines[l][0]]] == '1' && input[cells[lines[l][1]]] == '1' && input[cells[lines[l][2]]] == '1')
            return 1;
    return 0;
}

int main(void)
{
    char header[4096], outputs[4096], line[4096];
    if (!fgets(header, sizeof header, stdin) || !fgets(outputs, sizeof outputs, stdin))
        return 1;
    int mine[9], theirs[9], column = -1;
    for (char *word = strtok(header, " \n"); word; word = strtok(NULL, " \n"), column++) {
        if (column < 0)
            continue;
        if (word[0] == 'a' && word[1] >= '0' && word[1] <= '8' && !word[2])
            mine[word[1] - '0'] = column;
        if (word[0] == 'h' && word[1] >= '0' && word[1] <= '8' && !word[2])
            theirs[word[1] - '0'] = column;
    }
    /* The outputs line names the order of the two bits. */
    int player_first = strstr(outputs, "player_line") < strstr(outputs, "opponent_line");
    while (fgets(line, sizeof line, stdin)) {
        if (line[0] == '\n') {
            fflush(stdout);
            continue;
        }
        int p = has_line(line, mine), o = has_line(line, theirs);
        putchar('0' + (player_first ? p : o));
        putchar('0' + (player_first ? o : p));
        putchar('\n');
    }
    return 0;
}
