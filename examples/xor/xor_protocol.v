// Drives xor_gate (xor.v) through bnnverify's equiv line protocol (docs/equivalence.md) under vvp:
// reads the header and the input lines from standard input, sets the ports, prints y for each line,
// and flushes at the empty line that ends each batch. The header lists x0 first (models/xor.json).
module xor_protocol;
  reg [8*4096-1:0] line;
  integer length;
  reg x0, x1;
  wire y;
  xor_gate dut (.x0(x0), .x1(x1), .y(y));
  localparam STDIN = 32'h8000_0000;
  initial begin
    length = $fgets(line, STDIN); // inputs x0 x1
    length = $fgets(line, STDIN); // bits y
    length = $fgets(line, STDIN);
    while (length > 0) begin
      if (length == 1) begin
        $fflush();
      end else begin
        // $fgets fills the register from the right: the first character is byte length-1, '\n' is byte 0.
        x0 = line[8*(length-1) +: 8] == "1";
        x1 = line[8*(length-2) +: 8] == "1";
        #1 $display("%0d", y);
      end
      length = $fgets(line, STDIN);
    end
    $finish;
  end
endmodule
