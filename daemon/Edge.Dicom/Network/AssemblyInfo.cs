using System.Runtime.CompilerServices;

// The network tests exercise the PDU codec and the PDV reassembly directly.
[assembly: InternalsVisibleTo("Edge.Network.Tests")]
