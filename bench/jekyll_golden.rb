# Writes the golden HTML of tests/core/render/jekyll_golden/: for every NAME.md there, the
# HTML Jekyll's own Markdown converter makes of it (Jekyll 4.3, kramdown with input GFM,
# rouge; no Liquid), as NAME.html with a header saying so. Needs the jekyll gem (Debian:
# apt-get install jekyll). Run from the project root:  ruby bench/jekyll_golden.rb
require 'jekyll'
require 'tmpdir'
require 'kramdown-parser-gfm'
require 'rouge'

folder = File.expand_path('../tests/core/render/jekyll_golden', __dir__)
Dir.mktmpdir do |src|
  conf = Jekyll.configuration('source' => src, 'destination' => File.join(src, '_site'),
                              'quiet' => true,
                              'kramdown' => { 'input' => 'GFM', 'syntax_highlighter' => 'rouge' })
  converter = Jekyll::Site.new(conf).find_converter_instance(Jekyll::Converters::Markdown)
  versions = "Jekyll #{Jekyll::VERSION}, kramdown #{Kramdown::VERSION}, " \
             "kramdown-parser-gfm #{Kramdown::Parser::GFM::VERSION}, rouge #{Rouge.version}"
  Dir.glob(File.join(folder, '*.md')).sort.each do |md|
    name = File.basename(md)
    header = "<!-- Golden file: made by a real Jekyll build of #{name} (#{versions}) " \
             "with bench/jekyll_golden.rb; do not edit by hand. -->\n"
    File.write(md.sub(/\.md\z/, '.html'), header + converter.convert(File.read(md, encoding: 'utf-8')))
    warn name
  end
end
