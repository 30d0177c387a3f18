"""One module per protocol, each a complete definition: its options and checks, how it solves, how it reports.

A definition is a :class:`~negotiation.protocols.definition.BlockProtocol`
(solved on blocks of the package matrix) or, for protocols that run once per
chunk on the summit's view of the draws, a
:class:`~negotiation.summit.definition.ChunkProtocol`. The registry that lists
them all is ``negotiation.engine.registry``; adding a protocol is one new
module here and one line there.
"""
