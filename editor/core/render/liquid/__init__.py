"""Liquid in a post body, evaluated as Jekyll does it (python-liquid plus Jekyll's parts).

- :mod:`env`: the preview's entry (:class:`~env.LiquidEnv`) and Hugo's shortcodes; light,
  python-liquid is imported only for posts with Liquid;
- :mod:`engine`: a body rendered with its line map; :mod:`environment`: python-liquid set up
  as Jekyll's Liquid (limits, errors, parse cache);
- :mod:`tags`, :mod:`includes`: Jekyll's tags and the placeholders for plugin tags;
- :mod:`filters_jekyll`, :mod:`filters_arrays`: Jekyll's filters; :mod:`values`, :mod:`dates`:
  values and dates as Jekyll's Liquid prints them;
- :mod:`variables`: ``site``, ``page``, ``jekyll``; :mod:`markers`: placeholders and where a
  tag sits in its line.
"""
