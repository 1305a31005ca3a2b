// Handwritten XOR, the circuit the network should be.
module xor_gate (input wire x0, input wire x1, output wire y);
  assign y = x0 ^ x1;
endmodule
