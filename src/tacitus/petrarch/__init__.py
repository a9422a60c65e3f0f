"""PETRARCH/TABARI dictionary compatibility (docs/petrarch.md).

Users bring their CAMEO verb patterns, date-restricted actors, agents and discards; Tacitus codes
with them on its own parse, so status, attribution, dates, places and the store work unchanged.

=================  ==================================================================
module             concept
=================  ==================================================================
``reader``         comment rules shared by the formats; counting what is not used
``phrases``        dictionary phrases and where they occur in a sentence
``forms``          regular verb forms and noun plurals the files leave implicit
``verbs``          verb dictionaries: synsets, verb blocks, patterns, transformations
``actors``         actor dictionaries (dated codes) and agent dictionaries
``discards``       discard lists
``dictionaries``   a set of dictionary files: finding, reading once, caching
``clauses``        PETRARCH's comma rule and dateline check
``nouns``          coding noun phrases with actors and agents
``matcher``        matching verb patterns against a sentence
``coder``          :class:`PetrarchCoder`, the pipeline component
``profile``        the ``petrarch:DIR`` / ``petrarch+tacitus:DIR`` lexicon profiles
``suite``          PETRARCH's unit-test records run on Tacitus
``cli``            ``tacitus petrarch-tests``
=================  ==================================================================
"""
