"""The one place the project's signals reach the OpenDocument: what the store says changed, it applies.

Views never listen to the project for tags or links: they follow the OpenDocument, which this feed keeps
equal to the store for the open document (one tag or link at a time, or wholesale after an import or
another process's writes). Deleting a tag tombstones its links in the store (a teammate's link to it
joins nothing while it is deleted), and restoring it restores them: the feed then removes or brings back
the links touching that tag, one at a time (views keep the rest, e.g. the review list its rows).
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from factcheck.core.model import Annotation, Document
from factcheck.core.open_document import OpenDocument
from ui.project import ProjectModel


class DocumentFeed(QObject):
    def __init__(self, project: ProjectModel, open_document: OpenDocument, parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.open_document = open_document
        project.annotationUpserted.connect(self._on_upserted)
        project.annotationRemoved.connect(self._on_removed)
        project.annotationsReset.connect(self._on_reset)
        project.linkUpserted.connect(lambda link: self.open_document.links.upsert(link))
        project.linkRemoved.connect(lambda link: self.open_document.links.remove(link.id))
        project.linksReset.connect(self._on_links_reset)

    def open(self, document_id: str | None) -> Document | None:
        """Open this document with its stored tags (None: close). Raises FactcheckError if it is gone."""
        if document_id is None:
            self.open_document.open(None)
            return None
        doc = self.project.document(document_id)
        self.open_document.open(doc, self.project.annotations(doc.id), self.project.links(doc.id))
        return doc

    def _on_upserted(self, ann: Annotation) -> None:
        restored = ann.document_id == self.open_document.id and ann.id not in self.open_document.tags
        self.open_document.tags.upsert(ann)  # a tag of another document is ignored
        if restored and ann.created_at != ann.updated_at:  # not a new tag: an undone delete
            links = self.open_document.links
            for link in self.project.links_of(ann.id):
                if links.get(link.id) != link:
                    links.upsert(link)

    def _on_removed(self, ann: Annotation) -> None:
        if ann.document_id == self.open_document.id:
            self.open_document.tags.remove(ann.id)
            links = self.open_document.links
            for link in links.of(ann.id):  # the store tombstoned them with the tag, or they join nothing
                links.remove(link.id)

    def _on_reset(self, document_id: str) -> None:
        if document_id == self.open_document.id:
            self.open_document.tags.reset(self.project.annotations(document_id))
            self.open_document.links.reset(self.project.links(document_id))

    def _on_links_reset(self, document_id: str) -> None:
        if document_id == self.open_document.id:
            self.open_document.links.reset(self.project.links(document_id))
