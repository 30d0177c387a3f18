"""One compiler function per section of a scenario file, each ``compile_<section>(ctx, ...)``.

:func:`negotiation.scenario.compile.compile_scenario` calls them in order on
one :class:`~negotiation.scenario.context.CompileContext`.
"""
