"""The site as a whole: which folder it is, its posts, its schema, new posts and their images.

``model`` finds the site and its posts; ``schema`` learns the front-matter schema from them;
``form_plan`` turns it into the form's plan; ``new_post`` fills the new-post template;
``images`` places pictures the writer picks; ``publish`` moves posts between drafts and posts.
"""

from editor.core.post_names import filename_date, slugify
from editor.core.site.model import PostEntry, Site

__all__ = ["PostEntry", "Site", "filename_date", "slugify"]
