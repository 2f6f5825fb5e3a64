# Writes the golden HTML of tests/core/render/jekyll_golden_site/_golden/: the site is built by
# Jekyll itself (Liquid over the whole site: site.posts, page, filters, the site's time zone),
# and each post's content (before its layout) is written as NAME.html with a header saying so.
# Needs the jekyll gem (Debian: apt-get install jekyll). Run from the project root:
#   ruby bench/jekyll_golden_site.rb
require 'jekyll'
require 'tmpdir'

root = File.expand_path('../tests/core/render/jekyll_golden_site', __dir__)
Dir.mktmpdir do |dest|
  conf = Jekyll.configuration('source' => root, 'destination' => dest, 'quiet' => true,
                              'disable_disk_cache' => true)
  site = Jekyll::Site.new(conf)
  site.process
  versions = "Jekyll #{Jekyll::VERSION}, kramdown #{Kramdown::VERSION}, liquid #{Liquid::VERSION}"
  site.posts.docs.each do |doc|
    name = File.basename(doc.path, '.*')
    header = "<!-- Golden file: made by a real Jekyll build of _posts/#{File.basename(doc.path)} " \
             "(#{versions}) with bench/jekyll_golden_site.rb; do not edit by hand. -->\n"
    File.write(File.join(root, '_golden', "#{name}.html"), header + doc.content)
    warn name
  end
end
