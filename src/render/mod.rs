//! What one instance runs: [`CheckedRequest::render`] for an [`Instance`] gives an
//! [`Invocation`].
//!
//! ```text
//! CheckedRequest + Instance (InstanceId, InvokeId, and the other built-in values of the run)
//!   -> script bytes        custom parameters (the service), then built-ins (the agent)
//!   -> script file         [<Name>-]<InvokeId><ext> in the agent's script directory
//!   -> command             the Launcher with the path in place of {{ACS::ScriptFileName}}, or
//!                          sh -c / powershell -file / the .bat itself
//!   -> user, directory     Username and WorkingDir, or the defaults
//! ```
//!
//! What the agent does is read from Cloud Assistant Agent's source (`spec/render.md` gives the
//! details and their sources): the script directory is `/usr/local/share/aliyun-assist/work/
//! script` on Linux (`/tmp` for a shell script run with a Username) and
//! `C:\ProgramData\aliyun\assist\work\script` on Windows; the extension is `.sh`, `.bat` or
//! `.ps1` by Type, or the Launcher's `|Ext(...)` (none when its placeholder has no `Ext`); in a
//! container the content runs as `/bin/sh -c <content>`, with no script file.

mod upgrade;

pub(crate) use upgrade::{AgentNeed, agent_need};

use crate::context::{
    AgentVersion, ContextError, ContextKind, Lookup, OsType, View, instance_rules,
};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::request::{
    CheckedRequest, CommandType, Content, InstanceId, Subject, TerminationMode, Timeout,
};
use crate::template::{BuiltInValues, TemplateError};
use crate::wire::Param;
use crate::{ApiError, request::RuleError};

/// The script directory of the agent on Linux.
const LINUX_SCRIPT_DIR: &str = "/usr/local/share/aliyun-assist/work/script";
/// The script directory of a shell script run with a Username on Linux.
const LINUX_USER_SCRIPT_DIR: &str = "/tmp";
/// The script directory of the agent on Windows.
const WINDOWS_SCRIPT_DIR: &str = r"C:\ProgramData\aliyun\assist\work\script";
/// The working directory on Linux when none is given (root's home, as the reference says).
const LINUX_WORKING_DIR: &str = "/root";
/// The working directory on Windows when none is given (the agent's, as the reference says).
const WINDOWS_WORKING_DIR: &str = r"C:\Windows\System32";

/// The built-in values of one run on one instance: the instance and the task ids, and what
/// else the service knows. RegionId comes from the request.
///
/// # Example
/// ```
/// use ecs_runcommand::render::Instance;
///
/// let instance = Instance::new("i-bp185dy2o3o6neg1a2b", "t-7d2a745b412b4601")
///     .instance_name("web-01")
///     .command_id("c-7d2a745b412b4601");
/// assert_eq!(instance.instance_id(), "i-bp185dy2o3o6neg1a2b");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Instance<'a> {
    instance_id: &'a str,
    invoke_id: &'a str,
    instance_name: Option<&'a str>,
    account_id: Option<&'a str>,
    command_id: Option<&'a str>,
}

impl<'a> Instance<'a> {
    /// The run of task `invoke_id` (`t-...`) on instance `instance_id`.
    pub const fn new(instance_id: &'a str, invoke_id: &'a str) -> Instance<'a> {
        Instance {
            instance_id,
            invoke_id,
            instance_name: None,
            account_id: None,
            command_id: None,
        }
    }

    /// The instance's name (`{{ACS::InstanceName}}`).
    #[must_use]
    pub const fn instance_name(mut self, name: &'a str) -> Instance<'a> {
        self.instance_name = Some(name);
        self
    }

    /// The account's UID (`{{ACS::AccountId}}`).
    #[must_use]
    pub const fn account_id(mut self, id: &'a str) -> Instance<'a> {
        self.account_id = Some(id);
        self
    }

    /// The command's id, `c-...` (`{{ACS::CommandId}}`).
    #[must_use]
    pub const fn command_id(mut self, id: &'a str) -> Instance<'a> {
        self.command_id = Some(id);
        self
    }

    /// The instance id.
    pub const fn instance_id(&self) -> &'a str {
        self.instance_id
    }
}

/// What one instance runs for a checked request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    script: Vec<u8>,
    script_path: Option<String>,
    argv: Vec<String>,
    command_line: Option<String>,
    username: Option<String>,
    working_dir: Option<String>,
    timeout: Timeout,
    termination_mode: Option<TerminationMode>,
    container_id: Option<String>,
    container_name: Option<String>,
}

impl Invocation {
    /// The default limit of [`CheckedRequest::render`]'s `max_bytes`, 1 MiB: forty times the
    /// largest content the API takes. [`check`](crate::check) warns about a request whose
    /// script would be larger.
    pub const DEFAULT_MAX_BYTES: usize = 1 << 20;

    /// The script, byte for byte.
    pub fn script(&self) -> &[u8] {
        &self.script
    }

    /// The script as text, when it is UTF-8.
    pub fn script_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.script).ok()
    }

    /// The full path of the script file (`None` in a container, which gets no file).
    pub fn script_path(&self) -> Option<&str> {
        self.script_path.as_deref()
    }

    /// The script file's name, `[<Name>-]<InvokeId><ext>` (`None` in a container).
    pub fn script_name(&self) -> Option<&str> {
        let path = self.script_path.as_deref()?;
        Some(match path.rfind(['/', '\\']) {
            Some(at) => &path[at + 1..],
            None => path,
        })
    }

    /// The arguments the agent runs, as it splits them; the first is the program (a name
    /// starting with `@` is a Cloud Assistant plugin).
    pub fn argv(&self) -> &[String] {
        &self.argv
    }

    /// The command line for people to read: the Launcher with the script's path in place of
    /// `{{ACS::ScriptFileName}}` (or appended), else `sh -c`, `powershell -file` or the `.bat`
    /// itself; a path with a blank in double quotes. `None` in a container.
    pub fn command_line(&self) -> Option<&str> {
        self.command_line.as_deref()
    }

    /// The user that runs the script: Username, or `root` (Linux) or `System` (Windows).
    /// `None` in a container (its default user).
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }

    /// The working directory: WorkingDir, or `/root` (Linux, run as root), `~<user>` (Linux,
    /// the home directory of another user), `C:\Windows\System32` (Windows). `None` in a
    /// container (its default directory).
    pub fn working_dir(&self) -> Option<&str> {
        self.working_dir.as_deref()
    }

    /// The Timeout of each run.
    pub fn timeout(&self) -> Timeout {
        self.timeout
    }

    /// TerminationMode, if given.
    pub fn termination_mode(&self) -> Option<TerminationMode> {
        self.termination_mode
    }

    /// The container it runs in (ContainerId, ContainerName), if any.
    pub fn container(&self) -> Option<(Option<&str>, Option<&str>)> {
        (self.container_id.is_some() || self.container_name.is_some())
            .then_some((self.container_id.as_deref(), self.container_name.as_deref()))
    }
}

/// What one instance runs as data, the answer of `runcommand render` (beside `ok` and the
/// request's warnings) and of the Python package's `render`: `content` (the script as text,
/// `null` when it is not UTF-8), `content_base64` (the script, always), `script_name`,
/// `script_path`, `launcher` (the [command line](Invocation::command_line)), `argv`,
/// `username` and `working_dir` (`null` in a container, which gets no script file and runs as
/// its own user in its own directory).
///
/// # Example
/// ```
/// use ecs_runcommand::render::{Instance, Invocation};
/// use ecs_runcommand::{check, DateTime, RawRequest};
///
/// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
/// let raw = RawRequest::from_query(b"RegionId=r&Type=RunShellScript&CommandContent=ls&InstanceId.1=i-a")?;
/// let run = check(raw, now)?.render(&Instance::new("i-a", "t-1"), Invocation::DEFAULT_MAX_BYTES)?;
/// assert_eq!(
///     serde_json::to_string(&run)?,
///     r#"{"content":"ls","content_base64":"bHM=","script_name":"t-1.sh","#.to_owned()
///         + r#""script_path":"/usr/local/share/aliyun-assist/work/script/t-1.sh","#
///         + r#""launcher":"sh -c /usr/local/share/aliyun-assist/work/script/t-1.sh","#
///         + r#""argv":["sh","-c","/usr/local/share/aliyun-assist/work/script/t-1.sh"],"#
///         + r#""username":"root","working_dir":"/root"}"#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Serialize for Invocation {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut run = serializer.serialize_struct("Invocation", 8)?;
        run.serialize_field("content", &self.script_text())?;
        run.serialize_field("content_base64", &STANDARD.encode(&self.script))?;
        run.serialize_field("script_name", &self.script_name())?;
        run.serialize_field("script_path", &self.script_path())?;
        run.serialize_field("launcher", &self.command_line())?;
        run.serialize_field("argv", &self.argv)?;
        run.serialize_field("username", &self.username())?;
        run.serialize_field("working_dir", &self.working_dir())?;
        run.end()
    }
}

/// Why a request cannot be rendered for an instance.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RenderError {
    /// The instance id cannot name an instance.
    #[error("{0}")]
    InstanceId(RuleError),
    /// The request names its instances, and this is not one of them.
    #[error("InstanceId: `{id}` is not one of the request's {}", if *by_tags { "instances ResourceTag.N selected" } else { "InstanceId.N" })]
    NotATarget { id: String, by_tags: bool },
    /// The script cannot be rendered (its size, or a built-in the agent refuses).
    #[error("CommandContent: {0}")]
    Script(TemplateError),
    /// The view says the instance cannot run the request (a context rule).
    #[error("{0}")]
    Context(ContextError),
    /// The instance's agent is older than the request needs.
    #[error("InstanceId: {id} runs Cloud Assistant Agent {have}; {feature} needs {need} or later on {os}", os = os.as_str())]
    NeedsUpgrade {
        id: String,
        have: AgentVersion,
        need: AgentVersion,
        os: OsType,
        feature: &'static str,
    },
}

impl CheckedRequest {
    /// What `instance` runs for this request: the script rendered in both phases (custom
    /// parameters, then built-ins over the whole text), the script file, the command, the user
    /// and the directory. With EnableParameter false the content is delivered as it is.
    ///
    /// # Errors
    /// - `InvalidInstance.NotFound`: the instance id cannot name an instance;
    /// - `InvalidParameter`: the request lists its instances (InstanceId.N) and this is not
    ///   one of them;
    /// - `CmdContent.ExceedLimit`: the script would be longer than `max_bytes` (its length is
    ///   known before anything is allocated);
    /// - `InvalidEnvironmentParameter`: a Parameters value brought in a `{{ACS::name}}` that is
    ///   not a built-in, which the agent refuses.
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::render::{Instance, Invocation};
    /// use ecs_runcommand::{check, DateTime, RawRequest};
    ///
    /// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
    /// let raw = RawRequest::from_pairs([
    ///     ("RegionId", "cn-hangzhou"), ("Type", "RunShellScript"), ("Name", "greet"),
    ///     ("CommandContent", "echo {{name}} from {{ACS::InstanceId}} {{ oos:x }}"),
    ///     ("EnableParameter", "true"), ("Parameters", r#"{"name":"{{ACS::RegionId}}"}"#),
    ///     ("Launcher", r#"bash -e {{ACS::ScriptFileName|Ext(".sh")}}"#), ("InstanceId.1", "i-abc"),
    /// ])?;
    /// let request = check(raw, now)?;
    /// let run = request.render(&Instance::new("i-abc", "t-123"), Invocation::DEFAULT_MAX_BYTES)?;
    /// assert_eq!(run.script(), b"echo cn-hangzhou from i-abc {{ oos:x }}");
    /// assert_eq!(run.script_path(), Some("/usr/local/share/aliyun-assist/work/script/greet-t-123.sh"));
    /// assert_eq!(run.command_line(), Some("bash -e /usr/local/share/aliyun-assist/work/script/greet-t-123.sh"));
    /// assert_eq!((run.username(), run.working_dir()), (Some("root"), Some("/root")));
    ///
    /// let err = request.render(&Instance::new("i-other", "t-123"), 1 << 20).unwrap_err();
    /// assert_eq!(err.detail(), "InstanceId: `i-other` is not one of the request's InstanceId.N");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render(
        &self,
        instance: &Instance<'_>,
        max_bytes: usize,
    ) -> Result<Invocation, ApiError> {
        self.invocation(instance, max_bytes).map_err(ApiError::from)
    }

    /// What `instance` runs, as [`render`](Self::render) answers it, with what `view` knows of
    /// the instance: it must exist there and be able to run the request (the per-instance
    /// context rules: region, resource group, Running, OS), its agent must be recent enough
    /// for the request's features (else `ClientNeedUpgrade`, for this instance only), and its
    /// name fills `{{ACS::InstanceName}}` unless `instance` gives one. A request checked with
    /// [`check_with`](crate::check_with) that selects its instances by ResourceTag.N renders
    /// only for the instances selected ([`targets`](Self::targets)).
    ///
    /// # Errors
    /// As [`render`](Self::render), and:
    /// - `InvalidInstance.NotFound`: the view has no such instance, or it is in another region;
    /// - `InvalidParameter.ResourceGroupId`: it is not in the request's resource group;
    /// - `InvalidInstance.NotMatch`: it is not Running, or its OS does not run the Type;
    /// - `ClientNeedUpgrade`: its agent is older than a feature of the request needs (a
    ///   schedule with rate, at, a year or a zone: Linux 2.2.3.282 / Windows 2.1.3.282;
    ///   custom parameters and built-ins: 2.2.3.309 / 2.1.3.309; `{{ACS::InstanceName}}`:
    ///   2.2.3.344 / 2.1.3.344; a container: 2.2.3.344).
    ///
    /// # Example
    /// ```
    /// use ecs_runcommand::context::Snapshot;
    /// use ecs_runcommand::render::{Instance, Invocation};
    /// use ecs_runcommand::{check_with, DateTime, RawRequest};
    ///
    /// let view = Snapshot::from_json(r#"{"Instances": [
    ///     {"InstanceId": "i-new", "InstanceName": "web-01", "AgentVersion": "2.2.3.344"},
    ///     {"InstanceId": "i-old", "InstanceName": "web-02", "AgentVersion": "2.2.3.309"}]}"#)?;
    /// let now: DateTime<_> = "2030-01-01T00:00:00Z".parse()?;
    /// let raw = RawRequest::from_pairs([("RegionId", "cn-hangzhou"), ("Type", "RunShellScript"),
    ///     ("CommandContent", "echo {{ACS::InstanceName}}"), ("EnableParameter", "true"),
    ///     ("InstanceId.1", "i-new"), ("InstanceId.2", "i-old")])?;
    /// let request = check_with(raw, now, &view)?;
    /// let run = request.render_with(&Instance::new("i-new", "t-1"), &view, Invocation::DEFAULT_MAX_BYTES)?;
    /// assert_eq!(run.script(), b"echo web-01");
    /// let err = request.render_with(&Instance::new("i-old", "t-1"), &view, 1 << 20).unwrap_err();
    /// assert_eq!(err.code().as_str(), "ClientNeedUpgrade");
    /// assert_eq!(err.detail(), "InstanceId: i-old runs Cloud Assistant Agent 2.2.3.309; \
    ///     {{ACS::InstanceName}} needs 2.2.3.344 or later on Linux");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn render_with<V: View + ?Sized>(
        &self,
        instance: &Instance<'_>,
        view: &V,
        max_bytes: usize,
    ) -> Result<Invocation, ApiError> {
        self.invocation_with(instance, view, max_bytes)
            .map_err(ApiError::from)
    }

    fn invocation_with<V: View + ?Sized>(
        &self,
        instance: &Instance<'_>,
        view: &V,
        max_bytes: usize,
    ) -> Result<Invocation, RenderError> {
        let id = self.target(instance)?;
        let context = |kind| {
            RenderError::Context(ContextError {
                subject: Subject::Param(Param::InstanceId),
                kind,
            })
        };
        let facts = match view.instance(id.as_str()) {
            Lookup::NotChecked => return self.invocation(instance, max_bytes),
            Lookup::NotFound => {
                let id = crate::error::shorten(id.as_str());
                return Err(context(ContextKind::NoSuchInstance { id }));
            }
            Lookup::Found(facts) => facts,
        };
        let mut faults = Vec::new();
        instance_rules(self, id.as_str(), &facts, &mut faults);
        if let Some(kind) = faults.into_iter().next() {
            return Err(context(kind));
        }
        if let Some(have) = facts.agent_version {
            let os = facts.os_type.unwrap_or(if self.command_type.is_windows() {
                OsType::Windows
            } else {
                OsType::Linux
            });
            if let Some(need) = agent_need(self, os).filter(|n| have < n.version) {
                return Err(RenderError::NeedsUpgrade {
                    id: crate::error::shorten(id.as_str()),
                    have,
                    need: need.version,
                    os,
                    feature: need.feature,
                });
            }
        }
        let named = match (instance.instance_name, facts.instance_name.as_deref()) {
            (None, Some(name)) => Instance {
                instance_name: Some(name),
                ..*instance
            },
            _ => *instance,
        };
        self.invocation(&named, max_bytes)
    }

    /// The instance id of `instance`, when it can name an instance and is one of the
    /// request's targets (any id for ResourceTag.N without the instances it selected).
    fn target(&self, instance: &Instance<'_>) -> Result<InstanceId, RenderError> {
        let id = InstanceId::read(instance.instance_id, Subject::Param(Param::InstanceId))
            .map_err(RenderError::InstanceId)?;
        let targets = self.targets();
        if !targets.is_empty() && !targets.contains(&id) {
            return Err(RenderError::NotATarget {
                id: crate::error::shorten(instance.instance_id),
                by_tags: self.instance_ids.is_empty(),
            });
        }
        Ok(id)
    }

    fn invocation(
        &self,
        instance: &Instance<'_>,
        max_bytes: usize,
    ) -> Result<Invocation, RenderError> {
        self.target(instance)?;
        let script = match &self.content {
            Content::Text(bytes) => {
                if bytes.len() > max_bytes {
                    return Err(RenderError::Script(TemplateError::too_large(
                        bytes.len(),
                        max_bytes,
                    )));
                }
                bytes.clone()
            }
            Content::Template { template, bindings } => {
                let entries = self.parameters.as_ref().map_or(&[][..], |p| p.entries());
                let values: Vec<&[u8]> = bindings
                    .iter()
                    .map(|&at| entries[at].1.as_bytes())
                    .collect();
                let builtins = BuiltInValues {
                    region_id: Some(&self.region_id),
                    account_id: instance.account_id,
                    instance_id: Some(instance.instance_id),
                    instance_name: instance.instance_name,
                    invoke_id: Some(instance.invoke_id),
                    command_id: instance.command_id,
                };
                template
                    .render_resolved(&values, &builtins, max_bytes)
                    .map_err(RenderError::Script)?
            }
        };
        let (container_id, container_name) =
            (self.container_id.clone(), self.container_name.clone());
        if self.in_container() {
            let argv = vec![
                "/bin/sh".to_owned(),
                "-c".to_owned(),
                String::from_utf8_lossy(&script).into_owned(),
            ];
            return Ok(Invocation {
                script,
                script_path: None,
                argv,
                command_line: None,
                username: None,
                working_dir: None,
                timeout: self.timeout,
                termination_mode: self.termination_mode,
                container_id,
                container_name,
            });
        }
        let windows = self.command_type.is_windows();
        let path = self.script_path(instance.invoke_id);
        let (argv, command_line) = match &self.launcher {
            Some(launcher) => (launcher.argv(&path), launcher.command_line(&path)),
            None => {
                let program: &[&str] = match self.command_type {
                    CommandType::RunShellScript => &["sh", "-c"],
                    CommandType::RunPowerShellScript => &["powershell", "-file"],
                    CommandType::RunBatScript => &[],
                };
                let mut argv: Vec<String> = program.iter().map(|p| (*p).to_owned()).collect();
                argv.push(path.clone());
                let quoted = if path.contains(' ') {
                    format!("\"{path}\"")
                } else {
                    path.clone()
                };
                let line = program
                    .iter()
                    .copied()
                    .chain([quoted.as_str()])
                    .collect::<Vec<_>>()
                    .join(" ");
                (argv, line)
            }
        };
        let username = match (&self.username, windows) {
            (Some(user), _) => user.clone(),
            (None, false) => "root".to_owned(),
            (None, true) => "System".to_owned(),
        };
        let working_dir = match (&self.working_dir, windows, self.username.as_deref()) {
            (Some(dir), _, _) => dir.clone(),
            (None, true, _) => WINDOWS_WORKING_DIR.to_owned(),
            (None, false, None | Some("root")) => LINUX_WORKING_DIR.to_owned(),
            (None, false, Some(user)) => format!("~{user}"),
        };
        Ok(Invocation {
            script,
            script_path: Some(path),
            argv,
            command_line: Some(command_line),
            username: Some(username),
            working_dir: Some(working_dir),
            timeout: self.timeout,
            termination_mode: self.termination_mode,
            container_id,
            container_name,
        })
    }

    /// The script file's full path as the agent names it.
    fn script_path(&self, invoke_id: &str) -> String {
        let (dir, separator) = match self.command_type {
            CommandType::RunShellScript if self.username.is_some() => (LINUX_USER_SCRIPT_DIR, '/'),
            CommandType::RunShellScript => (LINUX_SCRIPT_DIR, '/'),
            CommandType::RunBatScript | CommandType::RunPowerShellScript => {
                (WINDOWS_SCRIPT_DIR, '\\')
            }
        };
        let extension = match self.launcher.as_ref().filter(|l| l.has_script_file_name()) {
            // The agent takes the placeholder's `Ext` as it is, and none without one.
            Some(launcher) => launcher.extension().unwrap_or(""),
            None => match self.command_type {
                CommandType::RunShellScript => ".sh",
                CommandType::RunBatScript => ".bat",
                CommandType::RunPowerShellScript => ".ps1",
            },
        };
        let mut path = String::with_capacity(dir.len() + 80);
        path.push_str(dir);
        path.push(separator);
        if let Some(name) = self.name.as_deref() {
            path.push_str(name);
            path.push('-');
        }
        path.push_str(invoke_id);
        path.push_str(extension);
        path
    }
}
